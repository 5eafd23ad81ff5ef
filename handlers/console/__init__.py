"""The staff console: a server-rendered web surface (Starlette, Jinja2, plain forms) over the core.

Like the Slack and Teams handlers it only maps requests to core calls and renders the results;
the rules (who is staff, upload limits, import validation, introduction moves) live in bot/.
"""
