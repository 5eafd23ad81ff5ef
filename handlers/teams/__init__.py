"""Microsoft Teams surface (Microsoft 365 Agents SDK): thin handlers over the core in `bot/`.

`app.create_agent_app` builds the agent, `server.create_web_app` serves it at POST /api/messages,
and `cards` renders Adaptive Cards as plain dicts.
"""
