"""The Textual front end: the interview room in the terminal (see app.py)."""
