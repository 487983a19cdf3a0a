"""Every read of documents on behalf of someone: access, lists, registers, dashboards."""
