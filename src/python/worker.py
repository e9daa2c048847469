# Assay's Python worker: loads user files once and calls their functions for the Node process,
# one call at a time. Protocol: one JSON object per line, requests on stdin, replies on stdout.
# User output (print, C extensions writing to fd 1) is moved to stderr so it never corrupts replies.
# Standard library only; runs on Python 3.8+.

# asyncio and inspect load lazily: most scripts never need them and start-up time is per worker.
import importlib.util
import json
import os
import sys
import traceback

WORKER_FILE = os.path.abspath(__file__) if "__file__" in globals() else "<assay-worker>"


def take_protocol_streams():
    """Keeps private copies of stdin/stdout for the protocol, then points fds 0/1 elsewhere."""
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return proto_in, proto_out


modules = {}
loop = None


def user_frames(tb):
    """The traceback without the worker's own frames, so the user sees only their code."""
    frames = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) != WORKER_FILE]
    return "".join(traceback.format_list(frames))


def describe(exc):
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


class LoadFailure(Exception):
    def __init__(self, message, trace):
        super().__init__(message)
        self.trace = trace


def load_module(path, source):
    """Imports a file (or inline source) once; its folder goes on sys.path for sibling imports."""
    key = path if source is None else "inline:" + source
    if key in modules:
        return modules[key]
    try:
        if source is None:
            folder = os.path.dirname(path)
            if folder not in sys.path:
                sys.path.insert(0, folder)
            name = os.path.splitext(os.path.basename(path))[0]
            spec = importlib.util.spec_from_file_location(name, path)
            if spec is None or spec.loader is None:
                raise ImportError("not a Python file: " + path)
            module = importlib.util.module_from_spec(spec)
            # Registered under its name so sibling files can import it (generate.py: from provider import X).
            registered = sys.modules.setdefault(name, module) is module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                if registered:
                    del sys.modules[name]
                raise
        else:
            module = type(sys)("assay_inline_%d" % len(modules))
            module.__file__ = path
            exec(compile(source, path, "exec"), module.__dict__)
    except BaseException as exc:  # noqa: B036 - a user's SystemExit at import is a load failure too
        raise LoadFailure(describe(exc), user_frames(exc.__traceback__))
    modules[key] = module
    return module


def callable_names(module):
    return sorted(n for n, v in vars(module).items() if callable(v) and not n.startswith("__"))


def json_fallback(obj):
    """Values json cannot write: sets as lists, pydantic models and plain objects as dicts."""
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump()
    if hasattr(obj, "__dict__"):
        return vars(obj)
    return str(obj)


def to_json(value):
    return json.dumps(value, default=json_fallback, allow_nan=False, ensure_ascii=False)


arity_cache = {}


def fit_arguments(fn, args):
    """Drops extra positional arguments, as JavaScript does, so `get_var(name, prompt, vars)`
    and `generate_tests()` work when Assay passes more than they take."""
    try:
        limit = arity_cache[fn]
    except (KeyError, TypeError):
        import inspect

        limit = None
        try:
            params = inspect.signature(fn).parameters.values()
            if not any(p.kind == p.VAR_POSITIONAL for p in params):
                limit = sum(1 for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
        except (TypeError, ValueError):
            pass
        try:
            arity_cache[fn] = limit
        except TypeError:
            pass
    return args if limit is None else args[:limit]


def handle(request):
    global loop
    op = request.get("op")
    if op == "ping":
        return {"result": {"version": sys.version.split()[0], "executable": sys.executable, "pid": os.getpid()}}
    try:
        module = load_module(request["path"], request.get("source"))
    except LoadFailure as exc:
        return {"error": str(exc), "kind": "load", "traceback": exc.trace}
    if op == "functions":
        return {"result": callable_names(module)}
    name = request["fn"]
    fn = getattr(module, name, None)
    if not callable(fn):
        return {"error": "has no function named %s" % name, "kind": "missing", "available": callable_names(module)}
    try:
        result = fn(*fit_arguments(fn, request.get("args", [])))
        if hasattr(result, "__await__"):
            import asyncio

            if loop is None:
                loop = asyncio.new_event_loop()
                asyncio.set_event_loop(loop)
            result = loop.run_until_complete(result)
    except BaseException as exc:  # noqa: B036 - report SystemExit/KeyboardInterrupt from user code as errors
        return {"error": describe(exc), "kind": "call", "traceback": user_frames(exc.__traceback__)}
    return {"result": result}


def main():
    proto_in, proto_out = take_protocol_streams()
    for line in proto_in:
        if not line.strip():
            continue
        request = json.loads(line)
        reply = handle(request)
        reply["id"] = request.get("id")
        try:
            text = to_json(reply)
        except ValueError as exc:
            text = to_json({"id": reply["id"], "error": "returned a value that is not JSON: %s" % exc, "kind": "call"})
        proto_out.write(text.encode("utf-8") + b"\n")
        proto_out.flush()


if __name__ == "__main__":
    main()
