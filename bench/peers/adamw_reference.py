#!/usr/bin/env python3
"""Reference trajectory of PyTorch's torch.optim.AdamW for the project's AdamW tests
(pipeline/src/train/adamw-reference.test.ts). Run with Debian's python3-torch (CPU, float32):

  /usr/bin/python3 bench/peers/adamw_reference.py > pipeline/src/train/fixtures/adamw-reference.json
  npx biome format --write pipeline/src/train/fixtures/adamw-reference.json   # the repository's JSON style

Two parameters as the project's models hold them: a matrix `w` [3, 4] (rank 2: decayed) and a bias
`b` [4] (rank 1: never decayed), in two param groups (weight_decay = wd and 0). Five steps with their
own learning rates and seeded gradients; before each step the gradients are clipped to a global L2
norm of `maxNorm` with torch.nn.utils.clip_grad_norm_ (whose returned norm, before clipping, is
recorded). The gradients of steps 1, 3 and 5 exceed the bound, those of steps 2 and 4 stay well under
it. The weight decay is large (0.5) so that decaying the bias too would move it by ~0.1, far beyond
the test's tolerance: `ifBiasDecayed` holds that wrong trajectory's final bias, for the test to show
the difference. Output: JSON on stdout (float32 values printed in full)."""
import json

import torch

BETA1, BETA2, EPS, WD, MAX_NORM = 0.9, 0.95, 1e-8, 0.5, 1.0
LRS = [0.1, 0.05, 0.08, 0.02, 0.06]
# Scale of each step's gradients: norms above MAX_NORM on steps 1, 3, 5, below it on 2 and 4.
SCALES = [2.0, 0.1, 1.5, 0.05, 3.0]


def initial():
    gen = torch.Generator().manual_seed(20261204)
    w = torch.randn(3, 4, generator=gen, dtype=torch.float32)
    b = torch.randn(4, generator=gen, dtype=torch.float32) * 0.5 + 0.5
    grads = []
    for scale in SCALES:
        gw = torch.randn(3, 4, generator=gen, dtype=torch.float32) * scale / 3
        gb = torch.randn(4, generator=gen, dtype=torch.float32) * scale / 3
        grads.append((gw, gb))
    return w, b, grads


def run(decay_bias):
    w0, b0, grads = initial()
    w = torch.nn.Parameter(w0.clone())
    b = torch.nn.Parameter(b0.clone())
    opt = torch.optim.AdamW(
        [{"params": [w], "weight_decay": WD}, {"params": [b], "weight_decay": WD if decay_bias else 0.0}],
        lr=LRS[0],
        betas=(BETA1, BETA2),
        eps=EPS,
    )
    steps = []
    for lr, (gw, gb) in zip(LRS, grads):
        for group in opt.param_groups:
            group["lr"] = lr
        w.grad = gw.clone()
        b.grad = gb.clone()
        norm = torch.nn.utils.clip_grad_norm_([w, b], MAX_NORM)
        opt.step()
        steps.append(
            {
                "lr": lr,
                "grads": {"w": floats(gw), "b": floats(gb)},
                "gradNorm": float(norm),
                "params": {"w": floats(w.detach()), "b": floats(b.detach())},
            }
        )
    state = {
        "step": len(LRS),
        "m": {"w": floats(opt.state[w]["exp_avg"]), "b": floats(opt.state[b]["exp_avg"])},
        "v": {"w": floats(opt.state[w]["exp_avg_sq"]), "b": floats(opt.state[b]["exp_avg_sq"])},
    }
    return {"w": (list(w0.shape), floats(w0)), "b": (list(b0.shape), floats(b0))}, steps, state


def floats(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def main():
    params, steps, state = run(decay_bias=False)
    _, wrong, _ = run(decay_bias=True)
    out = {
        "generatedBy": f"bench/peers/adamw_reference.py with torch {torch.__version__} (torch.optim.AdamW, float32, CPU)",
        "config": {"beta1": BETA1, "beta2": BETA2, "eps": EPS, "weightDecay": WD, "maxNorm": MAX_NORM},
        "params": {name: {"shape": shape, "values": values} for name, (shape, values) in params.items()},
        "decayed": ["w"],
        "steps": steps,
        "state": state,
        "ifBiasDecayed": {"b": wrong[-1]["params"]["b"]},
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
