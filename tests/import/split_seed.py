"""Splits the page the 22 sample plans came from (shared/seed/000_9918b1e848d7110e.txt) into one
text per plan, tests/import/seed/NN.txt, and writes tests/import/seed/plans.txt: which
hand-made plan in content/plans/ each text became (the one whose body shares the most lines).
Run once; the texts are committed.

    python3 tests/import/split_seed.py /work/shared/seed/000_9918b1e848d7110e.txt
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TITLE = re.compile(r"^[市县区]?总工会.{0,4}工作计划$")
END = ("延伸阅读", "相关范文推荐", "猜您喜欢", "热门推荐")


def split(lines):
    texts, current = [], None
    for line in lines:
        if line.strip().startswith(END):
            current = None
            continue
        if TITLE.match(line.strip()):
            current = [line]
            texts.append(current)
        elif current is not None:
            current.append(line)
    return ["\n".join(t).strip() + "\n" for t in texts]


def norm(line):
    return re.sub(r"[\s#*`\\]|^\d+\.\s*", "", line)


def best_plan(text, plans, taken):
    lines = {norm(l)[:30] for l in text.splitlines()[1:] if len(norm(l)) > 8}
    scored = []
    for name, body in plans.items():
        if name in taken:
            # Two texts of the page are the same plan twice; the second is the copy.
            continue
        theirs = {norm(l)[:30] for l in body.splitlines() if len(norm(l)) > 8}
        scored.append((len(lines & theirs), name))
    scored.sort(reverse=True)
    return scored[0]


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
    texts = split(lines)
    assert len(texts) == 22, len(texts)
    plans_dir = os.path.join(REPO, "content", "plans")
    plans = {}
    for name in sorted(os.listdir(plans_dir)):
        body = open(os.path.join(plans_dir, name), encoding="utf-8").read().split("---", 2)[2]
        plans[name] = body
    out = os.path.join(HERE, "seed")
    os.makedirs(out, exist_ok=True)
    pairs = []
    for n, text in enumerate(texts, 1):
        name = "%02d.txt" % n
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(text)
        score, plan = best_plan(text, plans, {p.split()[1].split("/")[-1] for p in pairs})
        pairs.append("%s content/plans/%s %d" % (name, plan, score))
    with open(os.path.join(out, "plans.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(pairs) + "\n")
    print("\n".join(pairs))


if __name__ == "__main__":
    main()
