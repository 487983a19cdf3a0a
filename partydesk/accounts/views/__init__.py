"""Views of the accounts app, by page group: `auth` (login, second factor, logout),
`account` (my account, organization switch), `users` (administration), `audit` (viewer)."""
