#!/usr/bin/env bash
# Start the local PostgreSQL cluster if it is down, then wait until it accepts connections on 127.0.0.1:5432.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || python3 -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; }
if ! ready; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 60); do ready && exit 0; sleep 1; done
echo "PostgreSQL did not come up on 127.0.0.1:5432" >&2
exit 1
