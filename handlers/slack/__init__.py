"""The Slack surface: `create_app(settings, services)` in app.py; one module per Slack surface."""
