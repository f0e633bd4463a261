//! The data paths a template reads, from minijinja's own syntax tree.
//!
//! A walk over the parsed template keeps a scope of names, the way the
//! engine does: a `for` binds its target to the iterated path plus `[]`, a
//! `set` or `with` to the path of its value, a macro's parameters to the
//! arguments of each call. A name that nothing binds is the context's. So
//! `{% for g in iterations[-1].commit.goals %}{{ g.title }}` reads
//! `iterations[].commit.goals[].title`, exactly.

use std::rc::Rc;

use minijinja::machinery::ast::{self, CallArg, Expr, Stmt};

use super::{Read, Seg, element};

/// What a name stands for.
#[derive(Debug, Clone)]
enum Binding<'a> {
    /// A value of the context at this path.
    Data(Vec<Seg>),
    /// A value the template made (a number, a captured block, a namespace).
    Local,
    /// The `loop` of a `for`, whose `previtem`/`nextitem` are elements.
    Loop(Option<Vec<Seg>>),
    /// A macro and the scope it was defined in.
    Macro(&'a ast::Macro<'a>, Rc<Vec<Frame<'a>>>),
}

type Frame<'a> = Vec<(&'a str, Binding<'a>)>;

/// How deep macro calls are followed (a macro that calls itself stops at once).
const MAX_CALL_DEPTH: usize = 16;

/// Filters whose result is (a selection or ordering of) their input list, so
/// a loop over their result iterates the input's elements.
const KEEPS_LIST: &[&str] = &[
    "sort",
    "reverse",
    "unique",
    "list",
    "select",
    "reject",
    "selectattr",
    "rejectattr",
    "default",
    "d",
];

/// Filters whose result is one element of their input list.
const TAKES_ELEMENT: &[&str] = &["first", "last", "random"];

#[derive(Default)]
pub(super) struct Walker<'a> {
    scope: Vec<Frame<'a>>,
    calls: Vec<*const ast::Macro<'a>>,
    pub(super) reads: Vec<Read>,
}

impl<'a> Walker<'a> {
    pub(super) fn new() -> Self {
        Walker {
            scope: vec![Vec::new()],
            ..Walker::default()
        }
    }

    fn lookup(&self, name: &str) -> Option<&Binding<'a>> {
        self.scope
            .iter()
            .rev()
            .flat_map(|f| f.iter().rev())
            .find(|(n, _)| *n == name)
            .map(|(_, b)| b)
    }

    fn bind(&mut self, name: &'a str, b: Binding<'a>) {
        self.scope
            .last_mut()
            .expect("there is always a frame")
            .push((name, b));
    }

    fn record(&mut self, mut path: Vec<Seg>, offset: u32, iterated: bool) {
        // Reading the sub-lists of a list reads the list.
        path.retain(|s| *s != Seg::Groups);
        self.reads.push(Read {
            path,
            offset: offset as usize,
            iterated,
        });
    }

    pub(super) fn stmts(&mut self, body: &'a [Stmt<'a>]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &'a Stmt<'a>) {
        match s {
            Stmt::Template(t) => self.stmts(&t.children),
            Stmt::EmitExpr(e) => self.read(&e.expr),
            Stmt::EmitRaw(_) => {}
            Stmt::ForLoop(f) => {
                let iter = self.eval(&f.iter);
                if let Some(p) = &iter {
                    self.record(p.clone(), f.iter.span().start_offset, true);
                }
                let element = iter.map(element);
                self.scope.push(Vec::new());
                self.bind_target(
                    &f.target,
                    element.clone().map_or(Binding::Local, Binding::Data),
                );
                self.bind("loop", Binding::Loop(element));
                if let Some(e) = &f.filter_expr {
                    self.read(e);
                }
                self.stmts(&f.body);
                self.scope.pop();
                self.stmts(&f.else_body);
            }
            Stmt::IfCond(c) => {
                self.read(&c.expr);
                self.stmts(&c.true_body);
                self.stmts(&c.false_body);
            }
            Stmt::WithBlock(w) => {
                self.scope.push(Vec::new());
                for (target, value) in &w.assignments {
                    let b = self.value(value);
                    self.bind_target(target, b);
                }
                self.stmts(&w.body);
                self.scope.pop();
            }
            Stmt::Set(s) => {
                let b = self.value(&s.expr);
                self.bind_target(&s.target, b);
            }
            Stmt::SetBlock(s) => {
                self.scope.push(Vec::new());
                self.stmts(&s.body);
                self.scope.pop();
                if let Some(f) = &s.filter {
                    self.read(f);
                }
                self.bind_target(&s.target, Binding::Local);
            }
            Stmt::AutoEscape(a) => {
                self.read(&a.enabled);
                self.stmts(&a.body);
            }
            Stmt::FilterBlock(f) => {
                self.read(&f.filter);
                self.stmts(&f.body);
            }
            Stmt::Block(b) => self.stmts(&b.body),
            Stmt::Extends(e) => self.read(&e.name),
            Stmt::Include(i) => self.read(&i.name),
            Stmt::Import(i) => {
                self.read(&i.expr);
                self.bind_target(&i.name, Binding::Local);
            }
            Stmt::FromImport(i) => {
                self.read(&i.expr);
                for (name, alias) in &i.names {
                    self.bind_target(alias.as_ref().unwrap_or(name), Binding::Local);
                }
            }
            Stmt::Macro(m) => {
                let closure = Rc::new(self.scope.clone());
                self.bind(m.name, Binding::Macro(m, closure.clone()));
                // Once with its parameters unknown: what it reads by itself.
                self.call_macro(m, closure, &[]);
            }
            Stmt::CallBlock(c) => {
                self.call(&c.call);
                // The caller body's parameters come from inside the macro.
                self.scope.push(Vec::new());
                for a in &c.macro_decl.args {
                    self.bind_target(a, Binding::Local);
                }
                self.stmts(&c.macro_decl.body);
                self.scope.pop();
            }
            Stmt::Continue(_) | Stmt::Break(_) => {}
            Stmt::Do(d) => self.call(&d.call),
        }
    }

    fn bind_target(&mut self, target: &'a Expr<'a>, b: Binding<'a>) {
        match target {
            Expr::Var(v) => self.bind(v.id, b),
            // `for k, v in x.items()`: the parts of a pair are not paths.
            // (minijinja parses the targets as a list.)
            Expr::List(l) => {
                for item in &l.items {
                    self.bind_target(item, Binding::Local);
                }
            }
            Expr::Tuple(t) => {
                for item in &t.items {
                    self.bind_target(item, Binding::Local);
                }
            }
            // `{% set ns.total = ... %}` assigns into a namespace.
            _ => {}
        }
    }

    /// The binding for a value assigned to a name; a path is also read there.
    fn value(&mut self, e: &'a Expr<'a>) -> Binding<'a> {
        if let Expr::Var(v) = e
            && let Some(b @ (Binding::Macro(..) | Binding::Loop(_))) = self.lookup(v.id)
        {
            return b.clone();
        }
        match self.eval(e) {
            Some(p) => {
                self.record(p.clone(), e.span().start_offset, false);
                Binding::Data(p)
            }
            None => Binding::Local,
        }
    }

    /// Reads an expression as a whole value.
    fn read(&mut self, e: &'a Expr<'a>) {
        if let Some(p) = self.eval(e) {
            self.record(p, e.span().start_offset, false);
        }
    }

    /// The context path `e` stands for, if any; the paths it reads on the
    /// way (subscripts, filter arguments, operands) are recorded.
    fn eval(&mut self, e: &'a Expr<'a>) -> Option<Vec<Seg>> {
        match e {
            Expr::Var(v) => match self.lookup(v.id) {
                Some(Binding::Data(p)) => Some(p.clone()),
                Some(_) => None,
                None => Some(vec![Seg::Key(v.id.to_string())]),
            },
            Expr::Const(_) => None,
            Expr::Slice(s) => {
                for part in [&s.start, &s.stop, &s.step].into_iter().flatten() {
                    self.read(part);
                }
                self.eval(&s.expr)
            }
            Expr::UnaryOp(u) => {
                self.read(&u.expr);
                None
            }
            Expr::BinOp(b) => {
                let (l, r) = (self.eval(&b.left), self.eval(&b.right));
                match b.op {
                    // `goals or []`: the one path of the two.
                    ast::BinOpKind::ScOr | ast::BinOpKind::ScAnd => {
                        self.either(l, &b.left, r, &b.right)
                    }
                    _ => {
                        self.record_opt(l, &b.left);
                        self.record_opt(r, &b.right);
                        None
                    }
                }
            }
            Expr::Compare(c) => {
                self.read(&c.expr);
                for op in &c.ops {
                    self.read(&op.expr);
                }
                None
            }
            Expr::IfExpr(i) => {
                self.read(&i.test_expr);
                let t = self.eval(&i.true_expr);
                match &i.false_expr {
                    Some(f) => {
                        let fv = self.eval(f);
                        self.either(t, &i.true_expr, fv, f)
                    }
                    None => t,
                }
            }
            Expr::Filter(f) => self.filter(f),
            Expr::Test(t) => {
                self.read(&t.expr);
                self.args(&t.args);
                None
            }
            Expr::GetAttr(g) => {
                if let Expr::Var(v) = &g.expr
                    && let Some(Binding::Loop(element)) = self.lookup(v.id)
                {
                    return match g.name {
                        "previtem" | "nextitem" => element.clone(),
                        _ => None,
                    };
                }
                let mut p = self.eval(&g.expr)?;
                p.push(Seg::Key(g.name.to_string()));
                Some(p)
            }
            Expr::GetItem(g) => {
                let seg = match &g.subscript_expr {
                    Expr::Const(c) => match c.value.as_str() {
                        Some(key) => Seg::Key(key.to_string()),
                        None => Seg::Item,
                    },
                    other => {
                        self.read(other);
                        Seg::Item
                    }
                };
                let p = self.eval(&g.expr)?;
                Some(match seg {
                    Seg::Item => element(p),
                    key => {
                        let mut p = p;
                        p.push(key);
                        p
                    }
                })
            }
            Expr::Call(c) => {
                self.call(c);
                None
            }
            Expr::List(l) => {
                for item in &l.items {
                    self.read(item);
                }
                None
            }
            Expr::Tuple(t) => {
                for item in &t.items {
                    self.read(item);
                }
                None
            }
            Expr::Map(m) => {
                for item in m.keys.iter().chain(&m.values) {
                    self.read(item);
                }
                None
            }
        }
    }

    fn record_opt(&mut self, p: Option<Vec<Seg>>, e: &Expr<'a>) {
        if let Some(p) = p {
            self.record(p, e.span().start_offset, false);
        }
    }

    /// Of two alternatives, the path when only one is a path; both are read
    /// when both are.
    fn either(
        &mut self,
        a: Option<Vec<Seg>>,
        ea: &Expr<'a>,
        b: Option<Vec<Seg>>,
        eb: &Expr<'a>,
    ) -> Option<Vec<Seg>> {
        match (a, b) {
            (Some(a), Some(b)) => {
                self.record(a, ea.span().start_offset, false);
                self.record(b, eb.span().start_offset, false);
                None
            }
            (a, b) => a.or(b),
        }
    }

    fn filter(&mut self, f: &'a ast::Filter<'a>) -> Option<Vec<Seg>> {
        let base = f.expr.as_ref().and_then(|e| self.eval(e));
        // `attribute='due'` names a field of every element.
        for arg in &f.args {
            match arg {
                CallArg::Kwarg("attribute", Expr::Const(c)) if base.is_some() => {
                    if let Some(attr) = c.value.as_str() {
                        let mut p = base.clone().expect("checked");
                        p.push(Seg::Item);
                        p.extend(attribute_path(attr));
                        self.record(
                            p,
                            f.expr.as_ref().map_or(0, |e| e.span().start_offset),
                            false,
                        );
                    }
                }
                // `selectattr('owner')`, `groupby('owner')`: the first argument is the field.
                CallArg::Pos(Expr::Const(c))
                    if base.is_some()
                        && matches!(f.name, "selectattr" | "rejectattr" | "groupby")
                        && std::ptr::eq(arg, &f.args[0]) =>
                {
                    if let Some(attr) = c.value.as_str() {
                        let mut p = base.clone().expect("checked");
                        p.push(Seg::Item);
                        p.extend(attribute_path(attr));
                        self.record(
                            p,
                            f.expr.as_ref().map_or(0, |e| e.span().start_offset),
                            false,
                        );
                    }
                }
                _ => self.args(std::slice::from_ref(arg)),
            }
        }
        let base = base?;
        if KEEPS_LIST.contains(&f.name) {
            return Some(base);
        }
        if TAKES_ELEMENT.contains(&f.name) {
            return Some(element(base));
        }
        if matches!(f.name, "batch" | "slice") {
            let mut p = base;
            p.push(Seg::Groups);
            return Some(p);
        }
        let at = f.expr.as_ref().map_or(0, |e| e.span().start_offset);
        self.record(base, at, false);
        None
    }

    fn args(&mut self, args: &'a [CallArg<'a>]) {
        for a in args {
            match a {
                CallArg::Pos(e)
                | CallArg::Kwarg(_, e)
                | CallArg::PosSplat(e)
                | CallArg::KwargSplat(e) => self.read(e),
            }
        }
    }

    fn call(&mut self, c: &'a ast::Call<'a>) {
        match &c.expr {
            Expr::Var(v) => match self.lookup(v.id).cloned() {
                Some(Binding::Macro(m, closure)) => self.call_macro(m, closure, &c.args),
                // A function (`range`, `dict`, `loop(...)` of a recursive loop).
                _ => self.args(&c.args),
            },
            // `x.items()`, `name.upper()`: a method of a value reads the value.
            Expr::GetAttr(g) => {
                self.read(&g.expr);
                self.args(&c.args);
            }
            other => {
                self.read(other);
                self.args(&c.args);
            }
        }
    }

    /// Walks a macro's body with its parameters bound to the arguments' paths,
    /// in the scope the macro was defined in.
    fn call_macro(
        &mut self,
        m: &'a ast::Macro<'a>,
        closure: Rc<Vec<Frame<'a>>>,
        args: &'a [CallArg<'a>],
    ) {
        let ptr: *const ast::Macro<'a> = m;
        if self.calls.contains(&ptr) || self.calls.len() >= MAX_CALL_DEPTH {
            self.args(args);
            return;
        }
        let names: Vec<&'a str> = m
            .args
            .iter()
            .map(|a| match a {
                Expr::Var(v) => v.id,
                _ => "",
            })
            .collect();
        let mut given: Vec<(&'a str, Binding<'a>)> = Vec::new();
        let mut pos = 0;
        for a in args {
            match a {
                CallArg::Pos(e) => {
                    let b = self.value(e);
                    if let Some(name) = names.get(pos) {
                        given.push((name, b));
                    }
                    pos += 1;
                }
                CallArg::Kwarg(name, e) => {
                    let b = self.value(e);
                    given.push((name, b));
                }
                CallArg::PosSplat(e) | CallArg::KwargSplat(e) => self.read(e),
            }
        }
        let saved = std::mem::replace(&mut self.scope, (*closure).clone());
        self.scope.push(Vec::new());
        let first_default = names.len().saturating_sub(m.defaults.len());
        for (i, name) in names.iter().enumerate() {
            let b = match given.iter().find(|(n, _)| n == name) {
                Some((_, b)) => b.clone(),
                None => match i.checked_sub(first_default).and_then(|d| m.defaults.get(d)) {
                    Some(default) => self.value(default),
                    None => Binding::Local,
                },
            };
            self.bind(name, b);
        }
        for name in ["caller", "varargs", "kwargs"] {
            self.bind(name, Binding::Local);
        }
        self.calls.push(ptr);
        self.stmts(&m.body);
        self.calls.pop();
        self.scope = saved;
    }
}

/// `attribute='owner.name'` → `owner`, `name`; a number is an index.
fn attribute_path(attr: &str) -> impl Iterator<Item = Seg> + '_ {
    attr.split('.').map(|s| {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
            Seg::Item
        } else {
            Seg::Key(s.to_string())
        }
    })
}
