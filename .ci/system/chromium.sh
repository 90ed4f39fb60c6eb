#!/bin/sh
# Headless Chromium for the browser tests (tests/test_server_browser.py drive it with Playwright
# through its executable_path; Playwright never downloads a browser). Idempotent.
set -eu
if [ ! -x /usr/bin/chromium ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi
