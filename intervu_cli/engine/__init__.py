"""The interview engine: session state, policy, wording, LLM and the event vocabulary.

No UI imports here (checked by the import-linter contract in pyproject.toml).
"""
