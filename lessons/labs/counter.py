#!/usr/bin/env python3
"""A grow-only counter kept in the seq-kv service, correct under seq-kv's stale reads.

The whole count lives under one key. Two ideas make it correct:
- An add never writes a value blindly. It reads v, then asks seq-kv to compare-and-set the key
  from v to v + delta. If anyone changed the key after our read, or our read was stale, the cas
  fails and we try again from a fresh read. No add overwrites another: no lost update.
- A read is not trusted on its own. seq-kv is sequentially consistent, so a read may return an
  old value. A cas from v to v succeeds only if v is the latest value, which confirms the read;
  if it fails, seq-kv has moved our view to the latest, and we read again.

Run it:  quorum lab test -w g-counter --bin lessons/labs/counter.py --node-count 3 \
             --time-limit 20 --rate 20 --nemesis partition
"""
import collections
import json
import queue
import sys
import threading
import time

KEY = "counter"
OPERATION_BUDGET = 2.0  # seconds an add or read may take before we answer "timeout"

node_id = None
next_msg_id = 0
inbox = queue.Queue()  # messages from stdin, put there by the reader thread
later = collections.deque()  # messages that arrived while we waited for seq-kv


def send(dest, body):
    global next_msg_id
    next_msg_id += 1
    body = dict(body, msg_id=next_msg_id)
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)
    return next_msg_id


def reply(request, body):
    send(request["src"], dict(body, in_reply_to=request["body"]["msg_id"]))


def rpc(dest, body, deadline):
    """Send a request and wait for its answer, until the deadline (then None: the request may or
    may not have taken effect). Messages that arrive meanwhile wait in `later`."""
    msg_id = send(dest, body)
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            message = inbox.get(timeout=remaining)
        except queue.Empty:
            break
        if message is not None and message["body"].get("in_reply_to") == msg_id:
            return message["body"]
        later.append(message)
    return None


def read_value(deadline):
    """The value seq-kv holds, which may be stale; a missing key counts as 0."""
    answer = rpc("seq-kv", {"type": "read", "key": KEY}, deadline)
    if answer is None or answer["type"] == "error" and answer["code"] != 20:
        return None, answer
    return answer.get("value", 0), answer


def cas(old, new, deadline):
    return rpc(
        "seq-kv",
        {"type": "cas", "key": KEY, "from": old, "to": new, "create_if_not_exists": True},
        deadline,
    )


def update(delta):
    """Add delta (0 for a read) with a compare-and-set loop. Returns (the value the cas moved
    from, None), or (None, the error body or None for a timeout)."""
    deadline = time.monotonic() + OPERATION_BUDGET
    while True:
        value, answer = read_value(deadline)
        if value is None:
            return None, answer
        answer = cas(value, value + delta, deadline)
        if answer is None:
            return None, None
        if answer["type"] == "cas_ok":
            return value, None
        if answer["code"] != 22:  # 22: the value was not `value`; anything else, give up
            return None, answer
        # Someone added meanwhile, or our read was stale: the failed cas moved our view
        # forward, so the next read is fresher. Try again.


def answer_error(request, answer):
    if answer is None:  # no reply in time: the outcome is unknown, so say timeout (code 0)
        reply(request, {"type": "error", "code": 0, "text": "seq-kv did not answer in time"})
    else:
        reply(request, {"type": "error", "code": answer["code"], "text": answer.get("text", "")})


def handle(message):
    global node_id
    body = message["body"]
    kind = body["type"]

    if kind == "init":
        node_id = body["node_id"]
        reply(message, {"type": "init_ok"})
    elif kind == "add":
        value, error = update(body["delta"])
        if value is None:
            answer_error(message, error)
        else:
            reply(message, {"type": "add_ok"})
    elif kind == "read":
        value, error = update(0)  # a cas from v to v: confirms v is the latest value
        if value is None:
            answer_error(message, error)
        else:
            reply(message, {"type": "read_ok", "value": value})
    # Anything else is a late answer from seq-kv to a request we gave up on: ignore it.


def read_stdin():
    for line in sys.stdin:
        inbox.put(json.loads(line))
    inbox.put(None)  # stdin closed: time to stop


threading.Thread(target=read_stdin, daemon=True).start()
while True:
    message = later.popleft() if later else inbox.get()
    if message is None:
        break
    handle(message)
