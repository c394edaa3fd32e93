from shisaku.core.tests.browser import page  # noqa: F401  (the headless Chromium fixture)
