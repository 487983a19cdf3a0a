"""Every write of the accounts app, by sub-domain: `login` (passwords, lockout, logout),
`two_factor`, `tokens` (API tokens), `grants` (roles and the acting organization),
`users` (accounts administered in a scope), `throttle` (rate limits in the cache)."""
