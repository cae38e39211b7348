"""Browser tests (Playwright + Chromium) against the built site; a package so its conftest stays apart."""
