#!/usr/bin/env python3
"""BROKEN ON PURPOSE: every node keeps its own dictionary and answers from it.

What is wrong: a write to n0 changes only n0's copy. A client that then reads the key through
n1 gets n1's older value (or "key does not exist"), after the write has completed: no single
order of the operations explains that, so the history is not linearizable.
Which check catches it: the lin-kv workload's linearizability checker, which then reports the
operations it cannot order; the verdict is invalid. With one node it would pass.

Run it:  quorum lab test -w lin-kv --bin lessons/labs/broken/lin_kv_local.py --node-count 3 --time-limit 10 --rate 20
"""
import json
import sys

node_id = None
next_msg_id = 0
data = {}  # the bug: a private copy per node, never shared


def send(dest, body):
    global next_msg_id
    next_msg_id += 1
    body = dict(body, msg_id=next_msg_id)
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)


def reply(request, body):
    send(request["src"], dict(body, in_reply_to=request["body"]["msg_id"]))


def error(request, code, text):
    reply(request, {"type": "error", "code": code, "text": text})


for line in sys.stdin:
    message = json.loads(line)
    body = message["body"]
    kind = body["type"]
    key = body.get("key")
    if kind == "init":
        node_id = body["node_id"]
        reply(message, {"type": "init_ok"})
    elif kind == "read":
        if key in data:
            reply(message, {"type": "read_ok", "value": data[key]})
        else:
            error(message, 20, "key does not exist")
    elif kind == "write":
        data[key] = body["value"]
        reply(message, {"type": "write_ok"})
    elif kind == "cas":
        if key not in data:
            error(message, 20, "key does not exist")
        elif data[key] != body["from"]:
            error(message, 22, f"expected {body['from']}, have {data[key]}")
        else:
            data[key] = body["to"]
            reply(message, {"type": "cas_ok"})
