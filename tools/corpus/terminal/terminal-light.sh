#!/bin/bash
# xterm-options: -bg white -fg black -fa Liberation Mono -fs 12
# Runs inside a white xterm started by terminal.sh: a real git repository whose
# remote URL carries a token (printed by the real `git remote -v`), then a curl
# command line with a bearer JWT and the response it printed, and an npm token.
set -e
work=$(mktemp -d)
export GIT_AUTHOR_NAME="Sam Okoro" GIT_AUTHOR_EMAIL="sam@example.com" GIT_COMMITTER_NAME="Sam Okoro" GIT_COMMITTER_EMAIL="sam@example.com"
export HOME="$work" GIT_CONFIG_NOSYSTEM=1
git init -q -b main "$work/storefront"
cd "$work/storefront"
git remote add origin "https://deploy-bot:glpat-Xxl8EPEZbzZQOyrIexWN@gitlab.example.com/shop/storefront.git"
when=1731400000
for message in "Add checkout page skeleton" "Validate postal codes before submit" "Fix rounding in invoice totals" "Retry webhook delivery with backoff"; do
  when=$((when + 86400))
  GIT_AUTHOR_DATE="@$when +0000" GIT_COMMITTER_DATE="@$when +0000" git commit -q --allow-empty -m "$message"
done

cat > "$work/.npmrc" <<'NPMRC'
registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken=npm_GrvDWD46nXjX8XPfKsioobzdKE2cIhIbaINv
save-exact=true
NPMRC

prompt() { printf '\033[1;34msam@laptop\033[0m \033[35m~/src/storefront\033[0m (main) %% %s\n' "$1"; }
clear
prompt "git remote -v"
git remote -v
prompt "git log --oneline -4"
git --no-pager log --oneline -4 --no-decorate
prompt 'curl -s -H "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMzQxNjUiLCJuYW1lIjoiVGVzdCBVc2VyIiwiaWF0IjoxNzAxNjMwNTIyfQ.cyB5YYz-9-GYdRzeYuP4G3wT7wruORW4n_Tklu1zd6k" https://api.example.com/v1/orders?limit=2'
cat <<'JSON'
{"orders":[{"id":"ord_1042","status":"shipped","total":"84.50","currency":"EUR"},
 {"id":"ord_1041","status":"pending","total":"19.99","currency":"EUR"}],"next":"cursor_77"}
JSON
prompt "cat ~/.npmrc"
cat "$work/.npmrc"
prompt "make deploy ENV=staging"
printf 'Building image storefront:4f1c2e9 ...\nPushing image to registry ... done\nRolling out to staging cluster, waiting for healthy pods ...\n'
printf '\033[1;34msam@laptop\033[0m \033[35m~/src/storefront\033[0m (main) %% '
rm -rf "$work"
[ -n "${SCREENTRAIL_DONE:-}" ] && touch "$SCREENTRAIL_DONE"
sleep 600
