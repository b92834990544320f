"""The call pages: the public list and call page (public.py), the managers' desk and draft editor (desk.py), amendments
(amend.py) and the clarification questions (questions.py)."""
