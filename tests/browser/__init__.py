"""Browser tests: Playwright in Debian's Chromium with axe-core (`make e2e`)."""
