# Independent cross-check of engagement's satisfaction figures, with Python's
# standard library only (fractions for the exact figures, statistics.NormalDist
# for z).
from fractions import Fraction as F
from statistics import NormalDist
import math
z = NormalDist().inv_cdf(0.975)
T = {7: 2.364624251592785, 2: 4.302652729749464}  # t_{0.975, df}
def rnd(q):  # q a Fraction, hundredths, half away from zero
    q = q*100
    s = 1 if q >= 0 else -1
    q = abs(q)
    n = math.floor(q + F(1,2))
    return s*n
def ceil100(x): return math.ceil(x*100)
def fmt(h): return ("-" if h<0 else "") + "%d.%02d" % (abs(h)//100, abs(h)%100)

def nps(accts, w):  # accts: list of (scores, weight)
    W1 = sum(wa for _, wa in accts)
    val = sum(F(wa)*F(100*(sum(s>=9 for s in sc)-sum(s<=6 for s in sc)), len(sc)) for sc, wa in accts)/W1
    W2 = sum(F(wa)**2/len(sc) for sc, wa in accts)
    n = float(F(W1)**2/W2)
    pp = float(sum(F(wa)*F(sum(s>=9 for s in sc), len(sc)) for sc, wa in accts)/W1)
    pm = float(sum(F(wa)*F(sum(s<=6 for s in sc), len(sc)) for sc, wa in accts)/W1)
    var = (pp+pm-(pp-pm)**2)/n
    h = 100*z*math.sqrt(var)
    v = rnd(val)
    return v, max(-10000, v-ceil100(h)), min(10000, v+ceil100(h)), round(n*100)

def csat(scores):
    n = len(scores); k = sum(s>=4 for s in scores)
    p = k/n
    den = 1+z*z/n
    c = (p+z*z/(2*n))/den
    h = z/den*math.sqrt(p*(1-p)/n+z*z/(4*n*n))
    lo, hi = c-h, c+h
    v = rnd(F(100*k, n))
    return v, v-ceil100(100*(p-lo)), v+ceil100(100*(hi-p))

def effort(scores):
    n = len(scores)
    m = F(sum(scores), n)
    s2 = sum((x-float(m))**2 for x in scores)/(n-1)
    h = T[n-1]*math.sqrt(s2/n)
    v = rnd(m)
    return v, max(100, v-ceil100(h)), min(700, v+ceil100(h))

print("NPS table A", [fmt(x) if i<3 else x for i,x in enumerate(nps([([10,10,9,9,9,8,7,6,5,3,0,10],1)],None))])
print("CSAT table A", [fmt(x) for x in csat([5,5,4,4,4,3,2,1,5,4])])
print("Effort table A", [fmt(x) for x in effort([7,6,6,5,4,3,7,5])])
A=[10,10,10,10]; B=[0,5]; C=[9,7,3]
print("NPS per response", [fmt(x) if i<3 else x for i,x in enumerate(nps([(A+B+C,1)],None))])
print("NPS per account", [fmt(x) if i<3 else x for i,x in enumerate(nps([(A,1),(B,1),(C,1)],None))])
print("NPS by value", [fmt(x) if i<3 else x for i,x in enumerate(nps([(A,300),(B,100),(C,100)],None))])
print("Effort n=3", [fmt(x) for x in effort([2,5,7])])
