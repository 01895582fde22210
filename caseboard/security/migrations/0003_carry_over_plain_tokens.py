"""Tokens issued before tokens were hashed (rest_framework.authtoken kept them in plain text): keep each one working
as a hashed, expiring token, and empty the old table."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def carry_over(apps, schema_editor):
    from knox.crypto import hash_token

    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("security", "ApiToken")
    expiry = timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
        for key, user_id in rows:
            ApiToken.objects.create(
                digest=hash_token(key),
                token_key=key[:15],
                user_id=user_id,
                expiry=expiry,
                name="Token issued before tokens were hashed",
            )
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [("security", "0002_api_token")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
