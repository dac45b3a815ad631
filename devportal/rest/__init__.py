"""The REST surface: one module per method family, all registered in `registry.METHODS`.

Importing this package registers every method; `dispatch.bp` serves them over HTTP.
"""
from devportal.rest import activities, apps, batch, crm_entities, crm_links, duplicates, requisites  # noqa: F401
from devportal.rest.dispatch import bp, execute
from devportal.rest.registry import METHODS

__all__ = ["METHODS", "bp", "execute"]
