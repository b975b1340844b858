#!/bin/sh
# Registers the file workflow's search attributes on a Temporal cluster. Safe to run again:
# an attribute that already exists is left as it is.
set -u
until temporal operator cluster health >/dev/null 2>&1; do sleep 2; done
for name in WorkspaceId SourceType SourceId FileStatus; do
  temporal operator search-attribute create --name "$name" --type Keyword 2>/dev/null \
    || echo "search attribute $name already exists"
done
