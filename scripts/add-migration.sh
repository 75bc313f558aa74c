#!/usr/bin/env bash
# Adds a migration with the same name to both providers' migrations (SQLite and PostgreSQL).
# Usage: scripts/add-migration.sh <Name>
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh <MigrationName>}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project src/QualityZone --startup-project src/QualityZone \
    --context "${provider}AppDbContext" \
    --output-dir "Infrastructure/Data/Migrations/$provider"
done
