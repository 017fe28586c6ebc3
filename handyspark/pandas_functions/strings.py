"""``hdf.pandas[col].str``: pandas' string methods as Spark Columns.

A thin front end: the methods are listed here as data (with the Spark type of
their result); :mod:`._accessor` turns a call into a Column.
"""

from __future__ import annotations

from pandas.core.strings.accessor import StringMethods as _PandasStringMethods
from pyspark.sql import types as T

from ._accessor import Accessor, Method, install_methods

__all__ = ["StringMethods", "STRING_METHODS"]


def _fixed(spark_type: T.DataType):
    return lambda input_type: spark_type


_BOOL, _LONG, _STR = _fixed(T.BooleanType()), _fixed(T.LongType()), _fixed(T.StringType())
_LIST = _fixed(T.ArrayType(T.StringType()))

_RESULTS = {
    _BOOL: ["contains", "startswith", "endswith", "match", "fullmatch", "isalnum", "isalpha", "isdecimal",
            "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper"],
    _LONG: ["find", "rfind", "index", "rindex", "len", "count"],
    _STR: ["capitalize", "casefold", "center", "get", "join", "ljust", "lower", "lstrip", "normalize", "pad",
           "removeprefix", "removesuffix", "repeat", "replace", "rjust", "rstrip", "slice", "slice_replace",
           "strip", "swapcase", "title", "translate", "upper", "wrap", "zfill"],
    _LIST: ["findall", "split", "rsplit"],
    _fixed(T.BinaryType()): ["encode"],
}
# index/rindex raise when the substring is absent, so a sample cannot check their arguments
_NO_PROBE = {"index", "rindex"}

#: pandas ``.str`` methods available on Spark string columns, with how their result type is found
STRING_METHODS: dict[str, Method] = {
    name: Method(result=result, probe=name not in _NO_PROBE, signature=getattr(_PandasStringMethods, name))
    for result, names in _RESULTS.items()
    for name in names
}


class StringMethods(Accessor):
    """pandas' ``Series.str`` methods on a Spark string column; each returns a lazy Column.

    Refuses (``AttributeError``) a column that is not a string column.
    ``split``/``rsplit`` give arrays of strings (``expand=True`` would make several columns and is refused).

    Examples
    --------
    >>> hdf.select(hdf.pandas["Name"].str.find(sub="Mrs.")).first()
    Row(str_find(Name)=-1)
    >>> hdf.assign(title=hdf.pandas["Name"].str.split(", ").getItem(1)).select("title").first()
    Row(title='Mr. Owen Harris')
    """

    _prefix = "str"

    def _column(self, name, args, kwargs):
        if name in ("split", "rsplit") and kwargs.get("expand"):
            from ._accessor import UnsupportedMethodError

            raise UnsupportedMethodError(f"str.{name}(expand=True) makes several columns; use expand=False")
        return super()._column(name, args, kwargs)


install_methods(StringMethods, STRING_METHODS, "Series.str")
