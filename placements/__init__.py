"""The pages Bitrix24 shows in its frames: the app page (placement DEFAULT) and the CRM card tabs.

Thin on purpose: `views.py` checks the frame request and renders; `registry.py` says which template
serves which placement. Features fill the templates (one per placement) and add their XHR endpoints
to `app/api.py`.
"""
