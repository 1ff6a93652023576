"""Defects found in review, each pinned by a test."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("url", ["/admin/users", "/admin/audit", "/admin/requests"])
def test_options_on_admin_pages_is_not_a_server_error(client, url):
    # Flask-Login's login_required lets OPTIONS through to the role check.
    response = client.open(url, method="OPTIONS")
    assert response.status_code == 403
