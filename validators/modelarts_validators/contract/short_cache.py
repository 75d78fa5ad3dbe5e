"""``short_cache``: ``functools.lru_cache`` for calls whose texts are short.

The checks cache what they work out of texts a capture repeats (Content-Types, messages,
pointers, fingerprints). A cache holds its keys: a capture of distinct huge texts (a header
value, a field name or a value of megabytes each) would stay in memory, up to the cache's size
times the largest text a record may hold. A call with a text longer than ``LONGEST`` is made
uncached instead: such texts are rare, and one is worked out again each time it comes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, update_wrapper
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

#: The longest text (``str`` or ``bytes`` argument) a cached call is made with.
LONGEST = 4096

T = TypeVar("T")


def short_cache(
    maxsize: int, longest: int = LONGEST
) -> Callable[[Callable[..., T]], _lru_cache_wrapper[T]]:
    """``lru_cache(maxsize)`` for the calls whose ``str`` and ``bytes`` arguments are at most
    ``longest`` long; the others call the function itself. The result has ``cache_info``,
    ``cache_clear`` and ``__wrapped__`` as ``lru_cache``'s has."""

    def decorate(function: Callable[..., T]) -> _lru_cache_wrapper[T]:
        cached = lru_cache(maxsize=maxsize)(function)

        def call(*arguments: Any) -> Any:
            for argument in arguments:
                if type(argument) in _TEXTS and len(argument) > longest:
                    return function(*arguments)
            return cached(*arguments)

        update_wrapper(call, function)
        wrapper = cast(Any, call)
        wrapper.cache_info = cached.cache_info
        wrapper.cache_clear = cached.cache_clear
        wrapper.cache_parameters = cached.cache_parameters
        return cast("_lru_cache_wrapper[T]", call)

    return decorate


_TEXTS = (str, bytes)
