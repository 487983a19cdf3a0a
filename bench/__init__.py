"""Benchmarks (not tests): load generators and timed cases, run with `python -m bench`."""
