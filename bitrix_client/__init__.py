"""bitrix_client: a REST client per Bitrix24 portal. Knows nothing of Flask or SQLite (see README.md)."""
from bitrix_client.client import PortalClient
from bitrix_client.credentials import Credentials, RateLimiter, TokenStore
from bitrix_client.errors import (AccessDenied, ApiError, AuthError, BatchError, BitrixError, ForbiddenHost,
                                  NotFound, OperationTimeLimit, PaymentRequired, PortalGone, RateLimited,
                                  ServerError, TransportError)
from bitrix_client.hosts import BITRIX24_OAUTH_SERVERS
from bitrix_client.oauth import OAuthServer
from bitrix_client.retry import RetryPolicy

__all__ = [
    "Credentials", "PortalClient", "OAuthServer", "TokenStore", "RateLimiter", "RetryPolicy",
    "BITRIX24_OAUTH_SERVERS",
    "BitrixError", "TransportError", "ApiError", "ServerError", "AuthError", "AccessDenied", "PaymentRequired",
    "NotFound", "RateLimited", "OperationTimeLimit", "PortalGone", "BatchError", "ForbiddenHost",
]
