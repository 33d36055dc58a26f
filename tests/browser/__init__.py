"""Browser and HTML-checker tests: the built site in Chromium, axe-core and the Nu HTML checker."""
