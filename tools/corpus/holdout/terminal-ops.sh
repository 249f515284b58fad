#!/bin/bash
# xterm-options: -bg #1d1f21 -fg #c5c8c6 -fa Liberation Mono -fs 10
# Runs inside a dark grey xterm started by terminal.sh: an operator dumps the tokens
# in their environment (the real `env`), the git credential store (the real `cat`),
# and pastes a database URL into psql.
set -e
work=$(mktemp -d)
cat > "$work/.git-credentials" <<'GITCREDS'
https://mkowalski:ghp_05vtnpMM9pkrhCDzePil5PJQqruOPId6ZkFc@github.com
https://ci-runner:npm_ywpwrlHetuq7AW17L79m2AAp0Q7jgtDXr6Dq@npm.pkg.example.com
GITCREDS
prompt() { printf '\033[33m[ops@bastion-2 reporting]\033[0m# %s\n' "$1"; }
clear
prompt "env | grep -E 'KEY|TOKEN' | sort"
env -i AWS_ACCESS_KEY_ID=AKIAHMEEEGP23YW5UBGS AWS_SECRET_ACCESS_KEY=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 \
  OPENAI_API_KEY=sk-proj-DWVyKJ48Yld-iKw9b9BIOBN51hwfHeYAKX0KGLjxChEVCpEm \
  SLACK_BOT_TOKEN=xoxb-448565754135-9372539799498-gJCQQX0KRyJNYwaCrQ3D9hYV HOME=/root TERM=xterm \
  env | grep -E 'KEY|TOKEN' | sort
prompt "cat ~/.git-credentials"
cat "$work/.git-credentials"
prompt 'psql "postgresql://reporting:yWmt7jVvfcQZYi0a@analytics-db.example:5432/warehouse" -c "select count(*) from invoices"'
printf ' count\n-------\n 48213\n(1 row)\n\n'
prompt "tail -3 /var/log/reporting/export.log"
printf '2025-11-20 06:00:02 INFO  nightly export started for region europe\n'
printf '2025-11-20 06:04:47 INFO  wrote 48213 invoices to the archive bucket\n'
printf '2025-11-20 06:04:48 WARN  retrying upload of monthly summary after timeout\n'
printf '\033[33m[ops@bastion-2 reporting]\033[0m# '
rm -rf "$work"
[ -n "${SCREENTRAIL_DONE:-}" ] && touch "$SCREENTRAIL_DONE"
sleep 600
