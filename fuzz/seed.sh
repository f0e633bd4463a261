#!/bin/sh
# Fills fuzz/corpus/<target>/ with the repository's own files as seeds.
set -eu
cd "$(dirname "$0")"
root=..
mkdir -p corpus/tags corpus/yaml corpus/excel corpus/render corpus/merge
for d in "$root"/templates/*.docx "$root"/benches/fixtures/*.docx; do
    cp "$d" corpus/render/
    unzip -p "$d" word/document.xml > "corpus/tags/$(basename "$d" .docx).xml"
done
cp "$root"/tests/fixtures/word-xml/*.xml corpus/tags/ 2>/dev/null || true
cp "$root"/samples/*.yaml "$root"/benches/fixtures/*.yaml corpus/yaml/
cp "$root"/samples/*.xlsx corpus/excel/
# A shard zip for `merge` (needs the debug binary: `cargo build` at the root).
if [ -x "$root/target/debug/engagekit" ]; then
    "$root/target/debug/engagekit" batch "$root/samples/contoso.yaml" \
        --quarter 2026-Q1 -o corpus/merge --shard 1/2 >/dev/null 2>&1 || true
fi
