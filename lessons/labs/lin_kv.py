#!/usr/bin/env python3
"""A linearizable key-value node that keeps no data: it passes each request to the lin-kv
service and relays the answer, errors included, back to the client.

lin-kv applies each operation atomically at one point between our request and its answer, and
that point lies between the client's request and our answer to it. So every operation takes
effect within its client's own interval, which is what linearizability asks (Herlihy and Wing,
1990), however many nodes relay requests. The node never waits: a request it passes on is
remembered by the msg_id it gave it, and the answer is matched by in_reply_to.

Run it:  quorum lab test -w lin-kv --bin lessons/labs/lin_kv.py --node-count 3 \
             --time-limit 10 --rate 20
"""
import json
import sys

node_id = None
next_msg_id = 0
waiting = {}  # msg_id of a request we sent to lin-kv -> the client's request it stands for


def send(dest, body):
    global next_msg_id
    next_msg_id += 1
    body = dict(body, msg_id=next_msg_id)
    print(json.dumps({"src": node_id, "dest": dest, "body": body}), flush=True)
    return next_msg_id


def reply(request, body):
    send(request["src"], dict(body, in_reply_to=request["body"]["msg_id"]))


def without_ids(body):
    return {k: v for k, v in body.items() if k not in ("msg_id", "in_reply_to")}


for line in sys.stdin:
    message = json.loads(line)
    body = message["body"]
    kind = body["type"]

    if kind == "init":
        node_id = body["node_id"]
        reply(message, {"type": "init_ok"})
    elif body.get("in_reply_to") in waiting:
        # lin-kv's answer (read_ok, write_ok, cas_ok or an error): relay it as it is.
        request = waiting.pop(body["in_reply_to"])
        reply(request, without_ids(body))
    elif kind in ("read", "write", "cas"):
        waiting[send("lin-kv", without_ids(body))] = message
    elif "msg_id" in body:
        reply(message, {"type": "error", "code": 10, "text": "not supported: " + kind})
