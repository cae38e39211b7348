"""Light or dark follows the device: from the first paint, and at once when the setting changes.

The palette in mkdocs.yml has no toggle (its start-up restyles the whole page twice);
overrides/main.html sets Material's scheme from ``prefers-color-scheme`` instead.
"""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import open_page

pytestmark = pytest.mark.browser

SCHEME = "() => [document.body.getAttribute('data-md-color-scheme'), getComputedStyle(document.body).colorScheme]"


def test_dark_device_gets_the_dark_scheme(page: Any, base_url: str) -> None:
    page.emulate_media(color_scheme="dark")
    open_page(page, base_url, "lessen/tussenruimte-organiseren/")
    assert page.evaluate(SCHEME) == ["slate", "dark"]
    assert page.locator("form[data-md-component='palette']").count() == 0  # no toggle to mount
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"


def test_scheme_follows_a_change_of_the_device_setting(page: Any, base_url: str) -> None:
    open_page(page, base_url, "")
    assert page.evaluate(SCHEME) == ["default", "light"]
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.emulate_media(color_scheme="light")
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'default'")
