"""Fixtures for devportal's own tests: a live devportal over HTTP, its REST caller, an event catcher."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.devportal.devportal_helpers import Catcher, Rest

from devportal.testing import DevportalHandle, running_devportal


@pytest.fixture
def devportal() -> Iterator[DevportalHandle]:
    # app_url points at the discard port: ONAPPINSTALL fails fast unless a test catches it
    with running_devportal(app_url="http://127.0.0.1:9") as handle:
        yield handle


@pytest.fixture
def rest(devportal: DevportalHandle) -> Rest:
    return Rest(devportal)


@pytest.fixture
def catcher() -> Iterator[Catcher]:
    server = Catcher()
    yield server
    server.close()
