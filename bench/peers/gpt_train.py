#!/usr/bin/env python3
"""Independent PyTorch peer of bench/train.ts: the same GPT (pre-norm LayerNorm, causal attention,
GELU-tanh MLP, learned positions, tied head), the same batch shape and AdamW, timed per step.
Run with Debian's /usr/bin/python3 (python3-torch) and OPENBLAS_CORETYPE=SkylakeX (OpenBLAS 0.3.21
misdetects this CPU and falls back to SSE3 kernels otherwise). Exit code 3 when torch is missing.
Prints one JSON line: {"tokens_per_s", "step_ms", "threads", "torch", "parameters"}.
--mlp passes the MLP width (the caller's config; default 4·d_model) and --threads the thread count
the caller uses, so both sides compute the same model with the same cores.
On a GPU: --device cuda runs in fp32 with TF32 off (matmuls and cuDNN), the precision WebGPU has,
synchronising before each clock read; the line then also has "gpu" and "peak_mem_gib"."""
import argparse
import json
import math
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    print("python3-torch is not installed (apt-get install -y python3-torch libopenblas0-openmp)", file=sys.stderr)
    sys.exit(3)


class Block(nn.Module):
    def __init__(self, d, heads, hidden):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, hidden)
        self.out = nn.Linear(hidden, d)

    def forward(self, x, mask):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (z.view(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.heads) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class Gpt(nn.Module):
    def __init__(self, vocab, layers, d, heads, context, mlp):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Embedding(context, d)
        self.blocks = nn.ModuleList(Block(d, heads, mlp) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d)

    def forward(self, idx):
        t = idx.shape[1]
        mask = torch.full((t, t), -1e9, device=idx.device).triu(1)
        x = self.wte(idx) + self.wpe(torch.arange(t, device=idx.device))
        for blk in self.blocks:
            x = blk(x, mask)
        return self.ln_f(x) @ self.wte.weight.t()


def main():
    p = argparse.ArgumentParser()
    for name, default in [("layers", 4), ("d-model", 256), ("heads", 4), ("context", 256), ("batch", 8), ("vocab", 4096), ("steps", 3), ("threads", 2), ("mlp", 0)]:
        p.add_argument(f"--{name}", type=int, default=default)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    p.add_argument("--tf32", default="off", choices=["off", "on"])
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    cuda = a.device == "cuda"
    if cuda:
        if not torch.cuda.is_available():
            print("torch sees no CUDA device", file=sys.stderr)
            sys.exit(3)
        torch.backends.cuda.matmul.allow_tf32 = a.tf32 == "on"
        torch.backends.cudnn.allow_tf32 = a.tf32 == "on"
        torch.set_float32_matmul_precision("high" if a.tf32 == "on" else "highest")
    # The MLP width comes from the caller (the tfjs side's config); 0 means 4·d_model.
    model = Gpt(a.vocab, a.layers, a.d_model, a.heads, a.context, a.mlp or 4 * a.d_model).to(a.device)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, betas=(0.9, 0.95), weight_decay=0.1)
    data = torch.randint(0, a.vocab, (a.batch, a.context + 1)).to(a.device)
    x, y = data[:, :-1], data[:, 1:]
    sync = torch.cuda.synchronize if cuda else (lambda: None)

    def step():
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, a.vocab), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    step()
    sync()
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        step()
        sync()
        times.append((time.perf_counter() - t0) * 1000)
    ms = sorted(times)[len(times) // 2]
    parameters = sum(p.numel() for p in model.parameters())
    out = {"tokens_per_s": a.batch * a.context / ms * 1000, "step_ms": ms, "threads": torch.get_num_threads(), "torch": torch.__version__, "parameters": parameters}
    if cuda:
        out.update(device="cuda", tf32=a.tf32, gpu=torch.cuda.get_device_name(0), peak_mem_gib=torch.cuda.max_memory_allocated() / 2**30)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
