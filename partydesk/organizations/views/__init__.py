"""Views of the organizations app, by page group: `tree` (browser, look-up), `organizations`
(organization page and restructuring), `people` (search, profile, membership), `imports`
(Excel import), and `panels` (the dashboard panel)."""
