#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume (docker-entrypoint-initdb.d).
# Creates the two roles the application uses — neither is a superuser:
#   assessment_owner  owns the database and its schema, runs the migrations (DATABASE_OWNER_URL)
#   assessment_app    the runtime role (DATABASE_URL); the owner grants it SELECT and INSERT on the event store
#                     and what it needs elsewhere after every migration
# The superuser (POSTGRES_USER) is used for nothing else.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$ASSESSMENT_OWNER_PASSWORD" -v app_password="$ASSESSMENT_APP_PASSWORD" <<'SQL'
CREATE ROLE assessment_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE assessment_app LOGIN PASSWORD :'app_password';
CREATE DATABASE assessment OWNER assessment_owner;
REVOKE ALL ON DATABASE assessment FROM PUBLIC;
\connect assessment
ALTER SCHEMA public OWNER TO assessment_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
