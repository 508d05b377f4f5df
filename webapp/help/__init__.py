"""Help pages, one per role: what to do and what each status means."""
