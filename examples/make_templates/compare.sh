#!/bin/sh
# Compares two folders of .docx files entry by entry (`unzip -p`), so that
# regenerated templates can be checked against the committed ones even where
# the zip container differs. One line per entry; exits 1 if an entry, the
# list of entries or their order differs.
#
#   cargo run --example make_templates -- /tmp/t
#   examples/make_templates/compare.sh templates /tmp/t
set -u
a=${1:?usage: compare.sh DIR_A DIR_B}
b=${2:?usage: compare.sh DIR_A DIR_B}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for fa in "$a"/*.docx; do
    name=$(basename "$fa")
    fb="$b/$name"
    if [ ! -f "$fb" ]; then
        echo "$name: missing in $b"
        status=1
        continue
    fi
    if [ "$(unzip -Z1 "$fa")" != "$(unzip -Z1 "$fb")" ]; then
        echo "$name: the entries or their order differ"
        status=1
    fi
    for entry in $(unzip -Z1 "$fa"); do
        # unzip reads a name as a pattern: `[[]` is a literal `[`.
        pattern=$(printf '%s' "$entry" | sed 's/\[/[[]/g')
        if ! unzip -p "$fa" "$pattern" >"$tmp/a" || ! unzip -p "$fb" "$pattern" >"$tmp/b"; then
            echo "$name $entry: cannot be read"
            status=1
        elif cmp -s "$tmp/a" "$tmp/b"; then
            echo "$name $entry: identical ($(wc -c <"$tmp/a") bytes)"
        else
            echo "$name $entry: DIFFERS"
            status=1
        fi
    done
    if cmp -s "$fa" "$fb"; then
        echo "$name: the whole file is byte-identical"
    else
        echo "$name: the zip container differs"
    fi
done
exit $status
