"""The RTL Persian web UI: server-rendered Jinja2 templates, bundled font and CSS, inline SVG charts."""
