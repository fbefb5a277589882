# 97.5th percentiles of Student's t, computed independently with Python's
# standard library: the t density integrated by Simpson's rule, then
# bisection. Checks engagement's table t975 (satisfaction_stats.go) and
# prints the values TestTQuantile holds the Cornish-Fisher expansion to.
# Run from the engagement directory: python3 testdata/tquantile.py
import math, re

def pdf(x, nu):
    return math.exp(math.lgamma((nu+1)/2) - math.lgamma(nu/2) - 0.5*math.log(nu*math.pi) - (nu+1)/2*math.log1p(x*x/nu))

def cdf0(x, nu, n=40000):  # the integral of the density from 0 to x
    h = x/n
    s = pdf(0, nu) + pdf(x, nu)
    for i in range(1, n):
        s += (4 if i % 2 else 2)*pdf(i*h, nu)
    return s*h/3

def q975(nu):
    lo, hi = 1.9, 13.0
    for _ in range(60):
        mid = (lo+hi)/2
        if cdf0(mid, nu) < 0.475:
            lo = mid
        else:
            hi = mid
    return (lo+hi)/2

src = open('satisfaction_stats.go').read()
table = [float(x) for x in re.findall(r'\d+\.\d{12,}', src.split('var t975')[1].split('}')[0])]
print('table t975: %d values, largest difference %.1e' % (len(table), max(abs(q975(i+1)-v) for i, v in enumerate(table))))
for nu in [31, 40, 60, 120, 1000]:
    print(nu, repr(q975(nu)))
# Output (2026-12-06):
# table t975: 30 values, largest difference 2.5e-13
# 31 2.039513446396408
# 40 2.0210753903063496
# 60 2.000297822014238
# 120 1.9799304050824182
# 1000 1.9623390808257741
