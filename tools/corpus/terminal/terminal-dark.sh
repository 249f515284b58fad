#!/bin/bash
# xterm-options: -bg black -fg #e5e5e5 -fa DejaVu Sans Mono -fs 11
# Runs inside a black xterm started by terminal.sh: a developer checks which AWS
# credentials a deploy will use. The files are real and `cat` prints them.
set -e
work=$(mktemp -d)
mkdir -p "$work/.aws" "$work/payments-api"
cat > "$work/.aws/credentials" <<'CREDS'
[default]
aws_access_key_id = AKIA3KCNUJFL3E5O775J
aws_secret_access_key = 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

[deploy]
aws_access_key_id = AKIAOK7XXIYCF5JRC45Y
aws_secret_access_key = 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
CREDS
cat > "$work/payments-api/.env.production" <<'ENVFILE'
# Production settings, loaded by the payments worker at startup
STRIPE_SECRET_KEY=sk_live_ribyNS58Ncu7KBnUmHSmBJvx
DATABASE_URL=postgres://payments:YoXIMgXv5Da4L6ro@10.0.4.12:5432/payments
SESSION_SECRET=dJpW5om6cqA96VYQFqsd31O0CEH0a6go
QUEUE_WORKERS=8
ENVFILE

prompt() { printf '\033[1;32mdana@build-07\033[0m:\033[1;34m~/src/payments-api\033[0m$ %s\n' "$1"; }
cd "$work/payments-api"
clear
prompt "cat ~/.aws/credentials"
cat "$work/.aws/credentials"
prompt "aws configure list --profile deploy"
cat <<'LIST'
      Name                    Value             Type    Location
      ----                    -----             ----    --------
   profile                   deploy           manual    --profile
access_key     ****************C45Y shared-credentials-file
secret_key     ****************FIsd shared-credentials-file
    region             eu-central-1      config-file    ~/.aws/config
LIST
prompt "cat .env.production"
cat .env.production
prompt "ls -la"
printf 'total 24\ndrwxr-xr-x  4 dana staff  4096 Nov 20 09:12 .\ndrwxr-xr-x 11 dana staff  4096 Nov 18 17:40 ..\n'
printf -- '-rw-------  1 dana staff   231 Nov 20 09:12 .env.production\ndrwxr-xr-x  8 dana staff  4096 Nov 20 09:10 .git\n'
printf -- '-rw-r--r--  1 dana staff  1820 Nov 19 15:03 Makefile\ndrwxr-xr-x  6 dana staff  4096 Nov 19 15:03 worker\n'
printf '\033[1;32mdana@build-07\033[0m:\033[1;34m~/src/payments-api\033[0m$ '
rm -rf "$work"
[ -n "${SCREENTRAIL_DONE:-}" ] && touch "$SCREENTRAIL_DONE"
sleep 600
