from datetime import date

from shisaku.verification.models import Committee, Member, Membership


def make_committees():
    council = Committee.objects.create(name="川崎市産業振興協議会", kind="council", capacity=20)
    sub = Committee.objects.create(name="中小企業活性化専門部会", kind="subcommittee",
                                   parent=council)
    return council, sub


def seat(user, committee, start=date(2020, 4, 1), end=None, role="member",
         category="academic") -> Member:
    member = Member.objects.create(name=f"{user.username} 委員", category=category,
                                   affiliation="大学教授", user=user)
    Membership.objects.create(committee=committee, member=member, role=role, term_start=start,
                              term_end=end, order=1)
    return member
