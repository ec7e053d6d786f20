#!/usr/bin/env bash
# Usage: test_unit.sh UNIT_FILE — the unit's hardening, as systemd-analyze rates it, stays "OK" (< 2.0)
# and it keeps the settings the operations issue asks for. Skipped (77) without systemd-analyze.
set -euo pipefail
unit=$1
command -v systemd-analyze >/dev/null || { echo "systemd-analyze not installed"; exit 77; }
for setting in "Type=notify" "NotifyAccess=main" "ExecReload=/bin/kill -HUP \$MAINPID" "Restart=on-failure" \
               "StateDirectory=gleaner" "ConfigurationDirectory=gleaner" "ProtectSystem=strict" "ProtectHome=yes" \
               "NoNewPrivileges=yes" "PrivateTmp=yes" "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" \
               "SystemCallFilter=@system-service" "CapabilityBoundingSet=" "WatchdogSec="; do
  grep -q "^$setting" "$unit" || { echo "missing: $setting"; exit 1; }
done
report=$(systemd-analyze security --offline=true "$unit" 2>&1)
line=$(echo "$report" | grep "Overall exposure level")
echo "$line"
level=$(echo "$line" | sed -E 's/.*: ([0-9.]+) .*/\1/')
awk -v l="$level" 'BEGIN { exit !(l < 2.0) }' || { echo "$report"; exit 1; }
