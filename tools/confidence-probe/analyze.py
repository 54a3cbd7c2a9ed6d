# Scores candidate confidence signals on the validation persons from Dump's (and DumpXy's) files.
# usage: python3 analyze.py DIR MODEL/metadata.json [SECOND_MODEL_DIR]
import numpy as np, json, sys
d = sys.argv[1]
def load(p):
    rows = [l.rstrip('\n').split('\t') for l in open(p)]
    persons = [r[0] for r in rows]
    return persons, np.array([[float(v) for v in r[1:]] for r in rows])
tp, T = load(d + '/train.tsv')
vp, V = load(d + '/val.tsv')
terr, tf = T[:, 0], T[:, 1:]
err, score, lscale, ldis = V[:, 0], V[:, 1], V[:, 2], V[:, 3]
xy, back, lsc15, vf = V[:, 4:34], V[:, 34:64], V[:, 64:79], V[:, 79:]
md = json.load(open(sys.argv[2]))
off = np.array(md['hyperparameters']['augmentation']['mirrorOffset'])
wrong = err >= 0.10
print('val faces', len(err), 'wrong', wrong.sum(), 'train faces', len(terr), 'train wrong', (terr >= .1).sum())
def auroc(conf):  # conf: higher = more likely right
    r = np.argsort(np.argsort(conf)) + 1.0
    # ties ignored
    pos = ~wrong
    n1, n0 = pos.sum(), (~pos).sum()
    return (r[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
def spear(conf):
    a = np.argsort(np.argsort(conf)); b = np.argsort(np.argsort(err))
    return np.corrcoef(a, b)[0, 1]
def rep(name, conf):
    print(f'{name:45s} AUROC {auroc(conf):.3f}  Spearman {spear(conf):+.3f}')
eye = np.hypot(xy[:, 0] - xy[:, 2], xy[:, 1] - xy[:, 3]); eye = np.maximum(eye, 4)
rep('served log scale', -lscale)
rep('detector score', score)
rep('15-vs-68 disagreement', -ldis)
dd = (xy - back - off).reshape(-1, 15, 2)
flipdis = np.log(np.hypot(dd[..., 0], dd[..., 1]).mean(1) / eye)
rep('flip disagreement (offset from metadata)', -flipdis)
dd2 = (xy - back - (xy - back).mean(0)).reshape(-1, 15, 2)
rep('flip disagreement (offset = val mean)', -np.log(np.hypot(dd2[..., 0], dd2[..., 1]).mean(1) / eye))
# feature density
mu = tf.mean(0); C = np.cov((tf - mu).T)
w, U = np.linalg.eigh(C); w, U = w[::-1], U[:, ::-1]
maha = {}
for k in [4, 8, 16, 32, 64, 128, 255]:
    z = (vf - mu) @ U[:, :k] / np.sqrt(w[:k] + 1e-6 * w[0])
    m = np.log((z ** 2).sum(1))
    maha[k] = m
    rep(f'Mahalanobis top-{k}', -m)
    zr = (vf - mu) @ U[:, k:]
    rep(f'  residual beyond top-{k}', -np.log((zr ** 2).sum(1)))
# kNN cosine distance to train features
tn = tf / np.linalg.norm(tf, axis=1, keepdims=True); vn = vf / np.linalg.norm(vf, axis=1, keepdims=True)
sim = vn @ tn.T
for k in [1, 10, 50]:
    s = -np.sort(-sim, axis=1)[:, :k].mean(1)
    rep(f'kNN cosine sim k={k}', s)
# euclidean kNN
# cross-fitted logistic by person folds
persons = sorted(set(vp)); pidx = np.array([persons.index(p) for p in vp])
def logit_fit(X, y, l2=1e-3, iters=3000):
    X = np.c_[np.ones(len(X)), X]; b = np.zeros(X.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-X @ b)); g = X.T @ (p - y) / len(y) + l2 * np.r_[0, b[1:]]
        H = (X.T * (p * (1 - p))) @ X / len(y) + l2 * np.eye(len(b)); b -= np.linalg.solve(H, g)
        if np.abs(g).max() < 1e-9: break
    return b
def crossfit(X, folds=2):
    X = (X - X.mean(0)) / X.std(0)
    out = np.zeros(len(X))
    for f in range(folds):
        te = pidx % folds == f
        b = logit_fit(X[~te], (~wrong[~te]).astype(float))
        out[te] = np.c_[np.ones(te.sum()), X[te]] @ b
    return out
print('--- cross-fitted logistic (2 folds by person / 5 folds)')
combos = {
  'scale': [lscale],
  'scale+score': [lscale, np.log(score)],
  'scale+flip': [lscale, flipdis],
  'scale+maha16': [lscale, maha[16]],
  'scale+maha32': [lscale, maha[32]],
  'scale+maha64': [lscale, maha[64]],
  'scale+flip+maha32': [lscale, flipdis, maha[32]],
  'scale+flip+score': [lscale, flipdis, np.log(score)],
  'scale+maha32+score': [lscale, maha[32], np.log(score)],
  'scale+flip+maha32+score': [lscale, flipdis, maha[32], np.log(score)],
}
for n, cols in combos.items():
    X = np.c_[tuple(cols)]
    print(f'{n:30s} 2f {auroc(crossfit(X, 2)):.3f}/{spear(crossfit(X, 2)):+.3f}   5f {auroc(crossfit(X, 5)):.3f}/{spear(crossfit(X, 5)):+.3f}')
print('--- ridge on held-out persons features -> log rel error, cross-fitted by person')
lerr = np.log(np.maximum(err, 1e-3))
def ridge_cf(X, folds, lam):
    out = np.zeros(len(X))
    for f in range(folds):
        te = pidx % folds == f
        mu_ = X[~te].mean(0); sd = X[~te].std(0) + 1e-9
        A = (X[~te] - mu_) / sd; B = (X[te] - mu_) / sd
        y = lerr[~te]; ym = y.mean()
        w_ = np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ (y - ym))
        out[te] = B @ w_ + ym
    return out
for k in [8, 16, 32, 64]:
    Z = (vf - mu) @ U[:, :k]
    for extra_name, extra in [('', None), ('+scale+score', np.c_[lscale, np.log(score)])]:
        X = Z if extra is None else np.c_[Z, extra]
        for lam in [10, 100, 1000]:
            p = ridge_cf(X, 5, lam)
            print(f'pca{k}{extra_name:14s} lam {lam:5d}: AUROC {auroc(-p):.3f} Spearman {spear(-p):+.3f}')
X = np.c_[lscale, np.log(score)]
p = ridge_cf(X, 5, 1); print('scale+score ridge', auroc(-p), spear(-p))
X = np.c_[lscale, np.log(score), flipdis, ldis]
p = ridge_cf(X, 5, 1); print('scale+score+flip+dis ridge', auroc(-p), spear(-p))
X = np.c_[lsc15, np.log(score)]
for lam in [1, 10, 100]:
    p = ridge_cf(X, 5, lam); print('15 scales+score ridge', lam, auroc(-p), spear(-p))

if len(sys.argv) > 3:
    print('--- disagreement with a second model (an ensemble of two)')
    rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[3] + '/val.tsv')]
    assert [r[0] for r in rows] == vp, 'the same faces in the same order'
    kxy = np.array([[float(v) for v in r[1:]] for r in rows])[:, 4:34]
    dd = (xy - kxy - (xy - kxy).mean(0)).reshape(-1, 15, 2)
    ens = np.log(np.hypot(dd[..., 0], dd[..., 1]).mean(1) / eye)
    rep('two-model disagreement (mean offset removed)', -ens)
    rep('second model: its own error (how alike the two fail)', -np.array([float(r[1]) for r in rows]))
    for n, cols in {'scale+ensemble': [lscale, ens], 'scale+ensemble+score': [lscale, ens, np.log(score)]}.items():
        X = np.c_[tuple(cols)]
        print(f'{n:30s} 2f {auroc(crossfit(X, 2)):.3f}/{spear(crossfit(X, 2)):+.3f}   5f {auroc(crossfit(X, 5)):.3f}/{spear(crossfit(X, 5)):+.3f}')
