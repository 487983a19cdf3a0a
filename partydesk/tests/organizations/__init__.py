"""Organizations pages and API as people with logins use them: whole-stack stories, kept
above every app so that the organizations app itself never imports accounts."""
