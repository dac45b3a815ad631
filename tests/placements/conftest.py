"""Web-app fixtures (defined once in tests/app/app_fixtures.py)."""
from tests.app.app_fixtures import (app, bitrix, client, config, db, http, installed_portal,  # noqa: F401
                                    no_poryadok_environment)
