"""One exception tree for the whole package.

    ArmswatchError
    ├── InputError            an input cannot be read (binary, too large, undecodable, vanished)
    ├── CleanError            a document could not be turned into a body
    ├── ExtractionError       an extractor failed on a body
    ├── KnowledgeBaseError    the curated data files are invalid
    │   └── NotInKnowledgeBase    a name resolves to nothing
    ├── StoreError            the database cannot be opened or written
    │   └── ArticleNotFound
    ├── GoldFormatError       a gold folder does not follow shared/eval/SCHEMA.md
    ├── ReviewError           a review names no stored record, or a value that cannot be used
    └── AccessError           a user or token is unknown, revoked or already there
        └── TokenRevoked          the token was good, and has been revoked

A rejected document is not an exception at the pipeline level: readers turn an
`InputError` into a `Skipped` result that is counted and reported.
"""

from __future__ import annotations


class ArmswatchError(Exception):
    """Base class of every error armswatch raises on purpose."""


class InputError(ArmswatchError):
    """An input file or record cannot be read; the message is the one-line reason."""


class CleanError(ArmswatchError):
    """A document could not be cleaned into a body."""


class ExtractionError(ArmswatchError):
    """An extractor failed on an article body."""


class KnowledgeBaseError(ArmswatchError):
    """The knowledge-base data files are invalid."""


class NotInKnowledgeBase(KnowledgeBaseError):
    """A name resolves to no knowledge-base entry."""


class StoreError(ArmswatchError):
    """The database cannot be opened, migrated or written."""


class ArticleNotFound(StoreError):
    """No article has the given id (or id prefix)."""


class GoldFormatError(ArmswatchError):
    """A gold folder or gold line does not follow the documented format."""


class ReviewError(ArmswatchError):
    """A review cannot be made or imported: no such record, an unknown value, a bad line."""


class AccessError(ArmswatchError):
    """A user or token is unknown or revoked, or a user name is already taken."""


class TokenRevoked(AccessError):
    """The token belongs to a user whose token was revoked."""
