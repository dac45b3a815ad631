"""bitrix_client."""
