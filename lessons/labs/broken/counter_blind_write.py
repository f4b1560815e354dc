#!/usr/bin/env python3
"""BROKEN ON PURPOSE: adds by reading the counter from seq-kv, then writing read + delta.

What is wrong: the read and the write are two separate steps. When two nodes add at about the
same time, both read 10, one writes 13, the other writes 12: the +3 is lost (a lost update).
seq-kv makes it worse, since a read may be stale, so a node can write back a sum built on an
old value even with no add running anywhere else. A read is passed on unconfirmed, too.
Which check catches it: the g-counter workload's final reads must equal the sum of the
acknowledged adds; they come out short, so the verdict is invalid.

Run it:  quorum lab test -w g-counter --bin lessons/labs/broken/counter_blind_write.py --node-count 3 --time-limit 10 --rate 20
"""
import collections
import json
import queue
import sys
import threading
import time

KEY = "counter"

node_id = None
next_msg_id = 0
inbox = queue.Queue()
later = collections.deque()


def send(dest, body):
    global next_msg_id
    next_msg_id += 1
    body = dict(body, msg_id=next_msg_id)
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)
    return next_msg_id


def reply(request, body):
    send(request["src"], dict(body, in_reply_to=request["body"]["msg_id"]))


def rpc(dest, body, timeout=1.0):
    msg_id = send(dest, body)
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            message = inbox.get(timeout=remaining)
        except queue.Empty:
            break
        if message is not None and message["body"].get("in_reply_to") == msg_id:
            return message["body"]
        later.append(message)
    return None


def read_value():
    answer = rpc("seq-kv", {"type": "read", "key": KEY})
    if answer is None:
        return None
    return answer.get("value", 0)  # error 20, no key yet: 0


def handle(message):
    global node_id
    body = message["body"]
    kind = body["type"]
    if kind == "init":
        node_id = body["node_id"]
        reply(message, {"type": "init_ok"})
    elif kind == "add":
        value = read_value()
        # The bug: between this read and this write, anyone may have added; and the read may be
        # stale besides. The write overwrites whatever is there.
        if value is not None and rpc("seq-kv", {"type": "write", "key": KEY, "value": value + body["delta"]}):
            reply(message, {"type": "add_ok"})
        else:
            reply(message, {"type": "error", "code": 0, "text": "seq-kv did not answer in time"})
    elif kind == "read":
        value = read_value()  # also a bug: possibly stale, never confirmed
        if value is None:
            reply(message, {"type": "error", "code": 0, "text": "seq-kv did not answer in time"})
        else:
            reply(message, {"type": "read_ok", "value": value})


def read_stdin():
    for line in sys.stdin:
        inbox.put(json.loads(line))
    inbox.put(None)


threading.Thread(target=read_stdin, daemon=True).start()
while True:
    message = later.popleft() if later else inbox.get()
    if message is None:
        break
    handle(message)
