"""``short_cache``: ``functools.lru_cache`` for calls whose texts are short.

The checks cache what they work out of texts a capture repeats (Content-Types, messages,
pointers, fingerprints). A cache holds its keys: a capture of distinct huge texts (a header
value, a field name or a value of megabytes each) would stay in memory, up to the cache's size
times the largest text a record may hold. A call with a text longer than ``LONGEST`` is made
uncached instead: such texts are rare, and one is worked out again each time it comes. The other
memories of the checks keyed by a capture's texts (``wire.Route``'s answers by URL,
``Contract``'s plans and valid path parameters, coverage's counted exchanges) keep ``short``
texts only, for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, update_wrapper
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

#: The longest text (``str`` or ``bytes``) a cache keeps, in characters; a ``str`` that is not
#: ASCII (up to four bytes a character) is kept up to a quarter of it.
LONGEST = 512

T = TypeVar("T")


def short(text: str | bytes) -> bool:
    """Whether a cache may keep ``text`` (``LONGEST``)."""
    if type(text) is str and not text.isascii():
        return len(text) <= LONGEST // 4
    return len(text) <= LONGEST


def short_cache(
    maxsize: int, longest: int = LONGEST
) -> Callable[[Callable[..., T]], _lru_cache_wrapper[T]]:
    """``lru_cache(maxsize)`` for the calls whose ``str`` and ``bytes`` arguments are at most
    ``longest`` long (a quarter of it for a ``str`` that is not ASCII); the others call the
    function itself. The result has ``cache_info``, ``cache_clear`` and ``__wrapped__`` as
    ``lru_cache``'s has."""
    quarter = longest // 4

    def decorate(function: Callable[..., T]) -> _lru_cache_wrapper[T]:
        cached = lru_cache(maxsize=maxsize)(function)

        def call(*arguments: Any, **keywords: Any) -> Any:
            for argument in (*arguments, *keywords.values()) if keywords else arguments:
                kind = type(argument)
                if kind is str:
                    if len(argument) > (longest if argument.isascii() else quarter):
                        return function(*arguments, **keywords)
                elif kind is bytes and len(argument) > longest:
                    return function(*arguments, **keywords)
            return cached(*arguments, **keywords)

        update_wrapper(call, function)
        wrapper = cast(Any, call)
        wrapper.cache_info = cached.cache_info
        wrapper.cache_clear = cached.cache_clear
        wrapper.cache_parameters = cached.cache_parameters
        return cast("_lru_cache_wrapper[T]", call)

    return decorate
